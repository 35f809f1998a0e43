using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.ScaleOut;

/// <summary>
/// A supervisor's live dashboard on node B, in Chromium, follows a callback created through node A: the administrator
/// signed in on A (so B reads A's cookie: the Data Protection keys are shared) and the change crosses by LISTEN/NOTIFY.
/// The nodes' periodic refresh is set to an hour, so nothing but the relayed event can bring the change.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class CrossNodeDashboardTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Infrastructure.Browser browser = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task ADashboardOnOneNodeSeesACallbackCreatedThroughTheOther()
    {
        await using var cluster = await ScaleOutCluster.CreateAsync(new ScaleOutSettings
        {
            Environment = new Dictionary<string, string> { ["Live__RefreshSeconds"] = "3600" },
        });
        var nodes = await cluster.StartNodesAsync(2);
        var (nodeA, nodeB) = (nodes[0], nodes[1]);
        // No agent: the callback stays queued, so the figure to watch holds still once it arrived.
        await cluster.SeedAsync(agents: 0);

        // First run and sign-in on node A.
        var page = await browser.NewPageAsync(nodeA.BaseAddress);
        await page.GotoAsync("/");
        await page.WaitForURLAsync(SetupPath());
        await page.FillAsync("#Input\\.DisplayName", "Ada Lovelace");
        await page.FillAsync("#Input\\.Email", "ada@example.test");
        await page.FillAsync("#Input\\.Password", "first-administrator-pw");
        await page.FillAsync("#Input\\.ConfirmPassword", "first-administrator-pw");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(HomePath());

        // The same browser (cookies are per host, not per port) opens node B's dashboard: no log-in page.
        await page.GotoAsync(new Uri(nodeB.BaseAddress, "/live").ToString());
        Assert.Equal(nodeB.BaseAddress.Port, new Uri(page.Url).Port);
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live dashboard" })).ToBeVisibleAsync();
        var queued = page.GetByTestId($"{ScaleOutCluster.ServiceKey}-queued");
        await Assertions.Expect(queued).ToHaveTextAsync("0");

        using var created = await nodeA.Http.PostAsJsonAsync($"/api/v1/services/{ScaleOutCluster.ServiceKey}/callbacks", new { phoneNumber = ScaleOutCluster.Number(1) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sinceCreated = Stopwatch.StartNew();

        await Assertions.Expect(queued).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        output.WriteLine($"node B's dashboard showed node A's callback {sinceCreated.ElapsedMilliseconds} ms after the 201");
        await Infrastructure.Browser.ScreenshotAsync(page, "scaleout-dashboard-node-b");
        Assert.Empty(nodeA.ErrorLines);
        Assert.Empty(nodeB.ErrorLines);
    }

    [GeneratedRegex("/setup$")]
    private static partial Regex SetupPath();

    [GeneratedRegex("/$")]
    private static partial Regex HomePath();
}
