using CallbackPortal.Callbacks;
using CallbackPortal.Rules;
using CallbackPortal.Tests.Engine;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Reports;

/// <summary>Requests refused by a rule are counted per service, hour and rule, exactly, with one write per flush.</summary>
public sealed class RuleRefusalCounterTests
{
    [Fact]
    public async Task RefusalsThroughTheIntakeLandPerRuleAndHourAndAddUpAcrossFlushes()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync(s => s.Rules.PermittedCountries = ["US"]);
        await Assert.ThrowsAsync<DomainException>(() => engine.RequestAsync(phone: "+1 202 55"));
        await Assert.ThrowsAsync<DomainException>(() => engine.RequestAsync(phone: ConsumerNumbers.Example("DE")));
        await Assert.ThrowsAsync<DomainException>(() => engine.RequestAsync(phone: ConsumerNumbers.Example("FR")));
        Assert.Empty(await RowsAsync(engine));

        await engine.Refusals.FlushAsync(CancellationToken.None);
        await Assert.ThrowsAsync<DomainException>(() => engine.RequestAsync(phone: ConsumerNumbers.Example("DE")));
        engine.Clock.Advance(TimeSpan.FromHours(1));
        await Assert.ThrowsAsync<DomainException>(() => engine.RequestAsync(phone: ConsumerNumbers.Example("DE")));
        await engine.RequestAsync();
        await engine.Refusals.FlushAsync(CancellationToken.None);

        Assert.Equal(
            [
                $"{service.Id} 2026-11-24 15:00 {RuleNames.NumberValidity} 1",
                $"{service.Id} 2026-11-24 15:00 {RuleNames.PermittedCountries} 3",
                $"{service.Id} 2026-11-24 16:00 {RuleNames.PermittedCountries} 1",
            ],
            await RowsAsync(engine));
    }

    [Fact]
    public async Task CountsMadeWhileFlushingAreNeitherLostNorCountedTwice()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var service = await engine.AddServiceAsync();
        using var stop = new CancellationTokenSource();

        var flusher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await engine.Refusals.FlushAsync(CancellationToken.None);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                engine.Refusals.Count(service.Id, RuleNames.ServiceThrottle);
            }
        })));
        await stop.CancelAsync();
        await flusher;
        await engine.Refusals.FlushAsync(CancellationToken.None);

        Assert.Equal([$"{service.Id} 2026-11-24 15:00 {RuleNames.ServiceThrottle} 4000"], await RowsAsync(engine));
    }

    private static async Task<List<string>> RowsAsync(EngineHarness engine)
    {
        await using var db = engine.Database.CreateDbContext();
        var rows = await db.RuleRefusalStats.AsNoTracking().ToListAsync();
        return [.. rows.Select(r => $"{r.ServiceId} {r.Hour.UtcDateTime:yyyy-MM-dd HH:mm} {r.Rule} {r.Count}").Order(StringComparer.Ordinal)];
    }
}
