using CallbackPortal.Tests.Engine;
using Microsoft.EntityFrameworkCore;
using static CallbackPortal.Tests.Lifecycle.FunnelData;

namespace CallbackPortal.Tests.Lifecycle;

/// <summary>The daily purge deletes lifecycle events received longer ago than Widget:LifecycleRetentionDays (90 by default), in batches, and only those.</summary>
public sealed class LifecyclePurgeTests
{
    [Fact]
    public async Task TheDailyPurgeRemovesOldEventsOnly()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        var now = engine.Clock.GetUtcNow();
        await using (var db = engine.Database.CreateDbContext())
        {
            // More old events than one purge batch (500), so the purge has to come back for the rest.
            db.WidgetEvents.AddRange(Enumerable.Range(0, 1_200).Select(i => Step(service.Id, $"old-{i % 7}", "opened", now.AddDays(-91).AddSeconds(i))));
            db.WidgetEvents.Add(Step(service.Id, "edge", "opened", now.AddDays(-89)));
            db.WidgetEvents.Add(Step(service.Id, "new", "opened", now.AddMinutes(-1)));
            await db.SaveChangesAsync();
        }

        await engine.Purge.PurgeAsync(CancellationToken.None);

        await using var check = engine.Database.CreateDbContext();
        Assert.Equal(["edge", "new"], await check.WidgetEvents.OrderBy(e => e.Id).Select(e => e.SessionId).ToListAsync());
        Assert.Equal(0, await engine.Purge.PurgeWidgetEventsAsync(CancellationToken.None));
    }
}
