using CallbackPortal.Access;
using CallbackPortal.Callbacks;
using CallbackPortal.Reports;
using CallbackPortal.Tests.Infrastructure;
using static CallbackPortal.Tests.Reports.ReportData;

namespace CallbackPortal.Tests.Reports;

/// <summary>Callback Details: pages in the database and an export that reads in chunks without losing or repeating a callback.</summary>
public sealed class CallbackDetailsReportTests
{
    private static readonly ReportFilter Day = new(new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 24));

    [Fact]
    public async Task PagesAndChunksCoverEveryCallbackOnceNewestFirstEvenWhenTimesTie()
    {
        await using var database = await TestDatabase.CreateAsync(withDefaultGrants: false);
        var service = Guid.NewGuid();
        var at = Today.AddHours(9);
        var times = new[] { at, at, at, at.AddMinutes(1), at.AddMinutes(2), at.AddMinutes(2), at.AddMinutes(3) };
        await using (var db = database.CreateDbContext())
        {
            db.CallbackServices.Add(new CallbackPortal.Services.CallbackService { Id = service, Key = "support", Name = "Support" });
            await AddAsync(db, [.. times.Select(t => Completed(service, t, true, CompletionReason.TimedOut))]);
        }
        var details = new CallbackDetailsReport(database);

        var exported = new List<DetailRow>();
        await foreach (var row in details.AllAsync(PortalActor.System, Day, mayManage: false, chunkSize: 2, CancellationToken.None))
        {
            exported.Add(row);
        }
        var second = await details.PageAsync(PortalActor.System, Day, page: 1, pageSize: 3, mayManage: true, CancellationToken.None);

        Assert.Equal(7, exported.Select(r => r.Id).Distinct().Count());
        Assert.Equal(7, exported.Count);
        Assert.Equal(times.OrderDescending(), exported.Select(r => r.CreatedAt));
        Assert.Equal((7, 3), (second.Total, second.Rows.Count));
        Assert.Equal([at.AddMinutes(1), at, at], second.Rows.Select(r => r.CreatedAt));
        Assert.Equal("+12025550123", second.Rows[0].Phone);
        Assert.Equal("+1 •••••••• 23", exported[0].Phone);
    }
}
