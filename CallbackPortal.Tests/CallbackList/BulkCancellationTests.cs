using CallbackPortal.Tests.Infrastructure;
using System.Text;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;

namespace CallbackPortal.Tests.CallbackList;

/// <summary>Bulk cancel of a selection and of a whole filtered range, its per-callback summary, and the CSV export.</summary>
public sealed class BulkCancellationTests
{
    private static readonly DateTimeOffset Now = ListHarness.Now;

    [Fact]
    public async Task ASelectionCancelsWhatItCanAndReportsTheRestWithTheirState()
    {
        await using var list = await ListHarness.CreateAsync();
        var queued = await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Queued);
        var scheduled = await list.AddAsync(list.Support, Now.AddHours(3));
        var done = await list.AddAsync(list.Support, Now.AddHours(-2), CallbackState.Completed, CompletionReason.AgentConnected);
        var elsewhere = await list.AddAsync(list.Sales, Now.AddHours(-1), CallbackState.Queued);

        var summary = await list.Bulk.CancelAsync(ListHarness.LimitedTo(list.Support.Id), [queued.Id, scheduled.Id, done.Id, elsewhere.Id], null, CancellationToken.None);

        Assert.Equal((2, 2, 0), (summary.Cancelled, summary.Skipped, summary.Failed));
        Assert.Equal("Completed (AgentConnected)", summary.Results.Single(r => r.Id == done.Id).Detail);
        Assert.StartsWith("not found", summary.Results.Single(r => r.Id == elsewhere.Id).Detail, StringComparison.Ordinal);
        Assert.Equal(CompletionReason.CancelledByAdmin, (await list.ReadAsync(queued.Id)).Reason);
        Assert.Equal(CallbackState.Queued, (await list.ReadAsync(elsewhere.Id)).State);
    }

    [Fact]
    public async Task TheWholeRangeIsCancelledInBatchesEachOnceAndOnlyWithinTheFilter()
    {
        await using var list = await ListHarness.CreateAsync();
        await using (var db = list.Database.CreateDbContext())
        {
            // More than two batches, with a completed one every tenth, and some callbacks outside the range.
            db.Callbacks.AddRange(Enumerable.Range(0, 450).Select(i => ListHarness.Build(list.Support, Now.AddMinutes(10 + i), i % 10 == 0 ? CallbackState.Completed : CallbackState.Scheduled)));
            db.Callbacks.AddRange(Enumerable.Range(0, 5).Select(i => ListHarness.Build(list.Support, Now.AddDays(10 + i))));
            await db.SaveChangesAsync();
        }
        var reported = new List<int>();

        var summary = await list.Bulk.CancelRangeAsync(ListHarness.Manager, new CallbackFilter { Preset = DatePreset.Next24Hours }, new SyncProgress(reported), CancellationToken.None);

        Assert.Equal((405, 45, 0), (summary.Cancelled, summary.Skipped, summary.Failed));
        Assert.Equal(450, summary.Results.Select(r => r.Id).Distinct().Count());
        Assert.Equal([200, 400, 450], reported);
        Assert.Equal(5, await list.Search.CountAsync(ListHarness.Manager, new CallbackFilter { Preset = DatePreset.Next30Days, States = [CallbackState.Scheduled] }, CancellationToken.None));
        await using var csv = new MemoryStream();
        await summary.WriteCsvAsync(csv, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("callback_id,service,phone,desired_time_utc,outcome,detail", lines[0]);
        Assert.Equal(451, lines.Length);
        Assert.EndsWith(",Skipped,Completed (AgentConnected)", lines[1], StringComparison.Ordinal);
        // One audit entry for the whole run, with its counts.
        await using var read = list.Database.CreateDbContext();
        var entry = Assert.Single(read.AuditEntries);
        Assert.Equal((CallbackPortal.Audit.AuditAreas.Callbacks, CallbackPortal.Audit.AuditActions.BulkCancelled, "the filtered range"), (entry.Area, entry.Action, entry.Target));
        Assert.Contains("405", entry.Changes, StringComparison.Ordinal);
        Assert.Contains("45", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserWithoutManageIsRefusedByTheServiceAndNothingChanges()
    {
        await using var list = await ListHarness.CreateAsync();
        var queued = await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Queued);

        var bulk = await Assert.ThrowsAsync<DomainException>(() => list.Bulk.CancelRangeAsync(ListHarness.Viewer, new CallbackFilter(), null, CancellationToken.None));
        var one = await Assert.ThrowsAsync<DomainException>(() => list.ListActions.CancelAsync(ListHarness.Viewer, queued.Id, CancellationToken.None));
        var dial = await Assert.ThrowsAsync<DomainException>(() => list.ListActions.DialNowAsync(ListHarness.LimitedTo(list.Sales.Id), queued.Id, CancellationToken.None));

        Assert.Equal(("forbidden", "forbidden", "not-found"), (bulk.Code, one.Code, dial.Code));
        Assert.Equal(CallbackState.Queued, (await list.ReadAsync(queued.Id)).State);
    }

    [Fact]
    public async Task TheExportWritesEveryMatchWithJourneyAliasesMaskedNumbersAndDefusedFormulas()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed, phone: "+12025550123", first: "=HYPERLINK(\"x\")", last: "Lovelace",
            data: new() { ["order"] = "A-17" });
        await list.AddAsync(list.Support, Now.AddHours(-2), CallbackState.Completed, first: "Alan");
        await list.AddAsync(list.Support, Now.AddDays(-9), CallbackState.Completed, first: "Outside");
        await using var output = new MemoryStream();

        await list.Exports.WriteAsync(ListHarness.Viewer, new CallbackFilter(), [new JourneyColumn("order", "Order number")], output, null, CancellationToken.None);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(3, lines.Count);
        Assert.EndsWith(",notes,Order number", lines[0], StringComparison.Ordinal);
        Assert.Contains(",'+1 •••••••• 23,\"'=HYPERLINK(\"\"x\"\")\",Lovelace,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",A-17", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Outside", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExportJobWritesAFileOnlyItsOwnerCanFind()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed);

        var job = await list.Exports.StartAsync(ListHarness.Manager, new CallbackFilter(), [], CancellationToken.None);
        Assert.True(await ApiServices.EventuallyAsync(() => Task.FromResult(job.Done)));
        Assert.Equal((1, 1), (job.Total, job.Written));
        Assert.NotNull(list.Downloads.Find(job.Id, "manager"));
        Assert.Null(list.Downloads.Find(job.Id, "viewer"));
        Assert.Equal(2, File.ReadAllLines(job.File!.Path).Length);
        list.Clock.Advance(ListDownloads.KeepFor + TimeSpan.FromMinutes(1));
        list.Downloads.Sweep();
        Assert.Null(list.Downloads.Find(job.Id, "manager"));
    }

    private sealed class SyncProgress(List<int> reported) : IProgress<int>
    {
        public void Report(int value) => reported.Add(value);
    }
}
