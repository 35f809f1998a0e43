using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using PhoneNumbers;

namespace CallbackPortal.Tests.CallbackList;

/// <summary>The list's query: presets on the desired time, every filter, sorting, the capped count and the reader's services.</summary>
public sealed class CallbackSearchTests
{
    private static readonly DateTimeOffset Now = ListHarness.Now;

    [Fact]
    public async Task EachPresetSelectsByDesiredTimeInThePastOrTheFuture()
    {
        await using var list = await ListHarness.CreateAsync();
        var ids = new Dictionary<string, Guid>();
        foreach (var (name, offset) in new[] { ("a", -2.0), ("b", -14.0), ("c", -72.0), ("d", -480.0), ("e", -960.0), ("f", 2.0), ("g", 10.0), ("h", 72.0), ("i", 480.0) })
        {
            var state = offset < 0 ? CallbackState.Completed : CallbackState.Scheduled;
            ids[name] = (await list.AddAsync(list.Support, Now.AddHours(offset), state, first: name)).Id;
        }

        async Task<string> Names(CallbackFilter filter) => string.Concat((await list.Search.SearchAsync(ListHarness.Manager, filter with { Descending = false }, 0, 50,
            CancellationToken.None)).Rows.Select(r => r.FirstName));

        Assert.Equal("ba", await Names(new() { Preset = DatePreset.Last24Hours }));
        Assert.Equal("cba", await Names(new() { Preset = DatePreset.Last7Days }));
        Assert.Equal("dcba", await Names(new() { Preset = DatePreset.Last30Days }));
        Assert.Equal("baf", await Names(new() { Preset = DatePreset.Today }));
        Assert.Equal("fg", await Names(new() { Preset = DatePreset.Next24Hours }));
        Assert.Equal("fgh", await Names(new() { Preset = DatePreset.Next7Days }));
        Assert.Equal("fghi", await Names(new() { Preset = DatePreset.Next30Days }));
        Assert.Equal("e", await Names(new() { Preset = DatePreset.Custom, From = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), To = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) }));
        Assert.Equal("edcbafghi", await Names(new() { Preset = DatePreset.Custom }));
    }

    [Theory]
    [InlineData(2026, 12, 2026, 11, "starts after it ends")]
    [InlineData(1999, 1, 2026, 11, "between the years 2000 and 2100")]
    [InlineData(2026, 1, 9999, 12, "between the years 2000 and 2100")]
    public async Task AnImpossibleRangeIsExplainedAndNotQueried(int fromYear, int fromMonth, int toYear, int toMonth, string expected)
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed);

        var page = await list.Search.SearchAsync(ListHarness.Manager, new CallbackFilter
        {
            Preset = DatePreset.Custom, From = new(fromYear, fromMonth, 1, 0, 0, 0, TimeSpan.Zero), To = new(toYear, toMonth, 1, 0, 0, 0, TimeSpan.Zero),
        }, 0, 50, CancellationToken.None);

        Assert.Contains(expected, page.Problem, StringComparison.Ordinal);
        Assert.Empty(page.Rows);
    }

    [Fact]
    public async Task StatesReasonsServicesPhoneAndTextFilterExactly()
    {
        await using var list = await ListHarness.CreateAsync();
        var german = PhoneNumberUtil.GetInstance().GetExampleNumberForType("DE", PhoneNumberType.MOBILE);
        var germanE164 = PhoneNumberUtil.GetInstance().Format(german, PhoneNumberFormat.E164);
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed, CompletionReason.AgentConnected, first: "Ada", last: "Lovelace");
        await list.AddAsync(list.Support, Now.AddHours(-2), CallbackState.Completed, CompletionReason.TimedOut, first: "Alan", notes: "asked about the INVOICE");
        await list.AddAsync(list.Support, Now.AddHours(-3), CallbackState.Queued, first: "Grace");
        await list.AddAsync(list.Sales, Now.AddHours(-4), CallbackState.Completed, CompletionReason.CancelledByAdmin, phone: germanE164, first: "Konrad");
        await list.AddAsync(list.Sales, Now.AddHours(-5), CallbackState.Paused, phone: germanE164, first: "Emmy");

        async Task<string> Names(CallbackFilter filter) => string.Join(",", (await list.Search.SearchAsync(ListHarness.Manager, filter, 0, 50, CancellationToken.None))
            .Rows.Select(r => r.FirstName));

        Assert.Equal("Ada,Alan,Konrad", await Names(new() { States = [CallbackState.Completed] }));
        Assert.Equal("Grace,Emmy", await Names(new() { States = [CallbackState.Queued, CallbackState.Paused] }));
        Assert.Equal("Alan,Konrad", await Names(new() { Reasons = [CompletionReason.TimedOut, CompletionReason.CancelledByAdmin] }));
        Assert.Equal("Alan,Grace", await Names(new() { States = [CallbackState.Queued], Reasons = [CompletionReason.TimedOut] }));
        Assert.Equal("Konrad,Emmy", await Names(new() { Services = [list.Sales.Id] }));
        // Typed the German way, read with the sales service's default country, matched on the stored E.164.
        var national = PhoneNumberUtil.GetInstance().Format(german, PhoneNumberFormat.NATIONAL);
        Assert.Equal("Konrad,Emmy", await Names(new() { Phone = national, Services = [list.Sales.Id] }));
        Assert.Equal("Konrad,Emmy", await Names(new() { Phone = germanE164 }));
        Assert.Equal("Alan", await Names(new() { Text = "invoice" }));
        Assert.Equal("Ada", await Names(new() { Text = "lovel" }));
        Assert.Equal("", await Names(new() { Text = "100%" }));
        Assert.Contains("not a phone number", (await list.Search.SearchAsync(ListHarness.Manager, new CallbackFilter { Phone = "call me" }, 0, 50, CancellationToken.None)).Problem,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task SortsByEachColumnBothWaysAndPages()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed, first: "B", last: "Berg", phone: "+12025550102", attempts: 3);
        await list.AddAsync(list.Support, Now.AddHours(-2), CallbackState.Queued, first: "C", last: "Adams", phone: "+12025550103", attempts: 1);
        await list.AddAsync(list.Support, Now.AddHours(-3), CallbackState.Completed, first: "A", last: "Cole", phone: "+12025550101", attempts: 2);

        async Task<string> Order(CallbackSort sort, bool descending, int skip = 0, int take = 50) => string.Concat((await list.Search.SearchAsync(ListHarness.Manager,
            new CallbackFilter { Sort = sort, Descending = descending }, skip, take, CancellationToken.None)).Rows.Select(r => r.FirstName));

        Assert.Equal("BCA", await Order(CallbackSort.DesiredTime, true));
        Assert.Equal("ACB", await Order(CallbackSort.DesiredTime, false));
        Assert.Equal("CBA", await Order(CallbackSort.Name, false));
        Assert.Equal("ABC", await Order(CallbackSort.Name, true));
        Assert.Equal("ABC", await Order(CallbackSort.Phone, false));
        Assert.Equal("BAC", await Order(CallbackSort.Attempts, true));
        Assert.Equal("ABC", await Order(CallbackSort.State, false));
        Assert.Equal("C", await Order(CallbackSort.DesiredTime, true, skip: 1, take: 1));
    }

    [Fact]
    public async Task TheCountStopsAtTenThousand()
    {
        await using var list = await ListHarness.CreateAsync();
        await using (var db = list.Database.CreateDbContext())
        {
            db.Callbacks.AddRange(Enumerable.Range(0, CallbackSearch.CountCap + 5).Select(i => ListHarness.Build(list.Support, Now.AddSeconds(-i - 1), CallbackState.Completed)));
            await db.SaveChangesAsync();
        }
        await list.AddAsync(list.Sales, Now.AddHours(-1), CallbackState.Completed);

        var all = await list.Search.SearchAsync(ListHarness.Manager, new CallbackFilter(), 0, 50, CancellationToken.None);
        var sales = await list.Search.SearchAsync(ListHarness.Manager, new CallbackFilter { Services = [list.Sales.Id] }, 0, 50, CancellationToken.None);

        Assert.True(all.CountCapped);
        Assert.Equal("10,000+", all.CountText);
        Assert.Equal(50, all.Rows.Count);
        Assert.Equal(CallbackSearch.CountCap + 6, await list.Search.CountAsync(ListHarness.Manager, new CallbackFilter(), CancellationToken.None));
        Assert.Equal("1", sales.CountText);
    }

    [Fact]
    public async Task AReaderSeesOnlyTheirServicesAndMaskedNumbersWithoutManage()
    {
        await using var list = await ListHarness.CreateAsync();
        await list.AddAsync(list.Support, Now.AddHours(-1), CallbackState.Completed, phone: "+12025550123", first: "Support");
        await list.AddAsync(list.Sales, Now.AddHours(-1), CallbackState.Completed, first: "Sales");

        var limited = await list.Search.SearchAsync(ListHarness.LimitedTo(list.Sales.Id), new CallbackFilter(), 0, 50, CancellationToken.None);
        var outside = await list.Search.SearchAsync(ListHarness.LimitedTo(list.Sales.Id), new CallbackFilter { Services = [list.Support.Id] }, 0, 50, CancellationToken.None);
        var viewer = await list.Search.SearchAsync(ListHarness.Viewer, new CallbackFilter { Services = [list.Support.Id] }, 0, 50, CancellationToken.None);

        Assert.Equal("Sales", Assert.Single(limited.Rows).FirstName);
        Assert.Equal("Sales", limited.Rows[0].ServiceName);
        Assert.Empty(outside.Rows);
        Assert.Equal("+1 •••••••• 23", Assert.Single(viewer.Rows).Phone);
        Assert.Equal(["Sales"], (await list.Search.ServiceChoicesAsync(ListHarness.LimitedTo(list.Sales.Id), CancellationToken.None)).Select(s => s.Name));
    }
}
