using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// The live dashboard in Chromium over the whole app in process: the delay from a callback created through the public
/// API (the engine's event) to a supervisor's dashboard showing it, and the server's managed memory per open dashboard
/// circuit with many dashboards open.
/// </summary>
public static class LiveBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        var dashboards = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        const string email = "supervisor@example.test";
        const string password = "correct-horse-battery";
        await using var host = new PortalHost(jobServer: true, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["PublicApi:RateLimitPermits"] = "1000000",
        });
        await host.CreateUserAsync(email, password, Roles.Supervisor);
        // One number again and again: the rules that count a number's requests have tests and a benchmark of their own.
        var service = await ApiServices.CreateAsync(host, s =>
        {
            s.Name = "Benchmark";
            s.Rules.DuplicateCheck = CallbackPortal.Rules.DuplicateCheck.Off;
            s.Rules.NumberThrottle = new CallbackPortal.Rules.ThrottleLimit { Limit = 0, WindowSeconds = 86_400 };
        });
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--renderer-process-limit=8",
                // Background tabs must keep their circuits busy like a wall of screens would.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            ],
        });
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 768 } });
        context.SetDefaultTimeout(60_000);
        var first = await context.NewPageAsync();
        await Browser.LogInAsync(first, email, password);
        await OpenDashboardAsync(first);

        var delays = await UpdateDelaysAsync(host, first, service.Key, samples);
        using var circuits = new CircuitCount();
        // The same count of circuits on the near-empty home page first: what any page of the portal costs (layout,
        // navigation, MudBlazor's services, the circuit and its connection), so the dashboard's own share shows.
        var baseline = await BytesPerCircuitAsync(context, circuits, "/", "[data-testid='home-ready']", dashboards);
        var perCircuit = await BytesPerCircuitAsync(context, circuits, "/live", "[data-testid='live-interactive']", dashboards);

        delays.Sort();
        Console.WriteLine();
        Console.WriteLine($"| measure (SQLite, Chromium, {Environment.ProcessorCount} cores) | n | p50 | p99 | max | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| API create → dashboard shows it | {delays.Count} | {DispatchBenchmark.Percentile(delays, 0.50):F0} ms | {DispatchBenchmark.Percentile(delays, 0.99):F0} ms | {delays[^1]:F0} ms | p99 ≤ 1 s |");
        Console.WriteLine($"| server managed heap per open dashboard circuit ({dashboards} open, after full GC) | {dashboards} | {perCircuit / 1024:F0} KB | | | ≤ 300 KB |");
        Console.WriteLine($"| same, per open home-page circuit (baseline: layout, navigation, circuit, connection) | {dashboards} | {baseline / 1024:F0} KB | | | |");
        return 0;
    }

    private static async Task<List<double>> UpdateDelaysAsync(PortalHost host, IPage page, string service, int samples)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var delays = new List<double>();
        for (var i = 1; i <= samples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await ApiServices.CreateCallbackAsync(http, service, new { phoneNumber = "+12025550143" });
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"create {i} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            await page.WaitForFunctionAsync("([id, n]) => document.querySelector(`[data-testid='${id}-queued']`)?.textContent === n",
                new object[] { service, i.ToString(CultureInfo.InvariantCulture) }, new() { PollingInterval = 5 });
            delays.Add(watch.Elapsed.TotalMilliseconds);
        }
        return delays;
    }

    /// <summary>
    /// Opens <paramref name="count"/> pages at <paramref name="url"/>, waits until each has its circuit connected and
    /// rendered, lets the heap settle, and returns the managed heap's growth per page; then closes them and waits until
    /// their circuits are gone, so the next measurement starts from the same state.
    /// </summary>
    private static async Task<double> BytesPerCircuitAsync(IBrowserContext context, CircuitCount circuits, string url, string ready, int count)
    {
        var open = circuits.Connected;
        await circuits.WaitAsync(() => circuits.Active == open, $"{open} circuits before opening {url}");
        var before = await SettledHeapAsync();
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            await Browser.WaitForCircuitAsync(page);
            await page.Locator(ready).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            pages.Add(page);
        }
        await circuits.WaitAsync(() => circuits.Connected == open + count, $"{open + count} connected circuits on {url}");
        var after = await SettledHeapAsync();
        Console.Error.WriteLine($"{url}: heap {before / 1024} KB → {after / 1024} KB with {circuits.Connected} circuits ({GC.GetGCMemoryInfo().HeapSizeBytes / 1024} KB GC heap size)");
        foreach (var page in pages)
        {
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        }
        await circuits.WaitAsync(() => circuits.Active == open, $"the {count} circuits on {url} to close");
        return (double)(after - before) / count;
    }

    /// <summary>The heap after full collections, once two successive readings agree within 1 % (or the last reading after 10 s).</summary>
    private static async Task<long> SettledHeapAsync()
    {
        var last = Heap();
        await ApiServices.EventuallyAsync(() =>
        {
            var next = Heap();
            var settled = Math.Abs(next - last) < last / 100;
            last = next;
            return Task.FromResult(settled);
        });
        return last;
    }

    private static async Task OpenDashboardAsync(IPage page, bool navigate = true)
    {
        if (navigate)
        {
            await page.GotoAsync("/live");
        }
        await Browser.WaitForCircuitAsync(page);
        await page.GetByTestId("total-queued").WaitForAsync();
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Blazor's own circuit counters (meter Microsoft.AspNetCore.Components.Server.Circuits), read in process.</summary>
    private sealed class CircuitCount : IDisposable
    {
        private readonly MeterListener listener = new();
        private long active;
        private long connected;

        public CircuitCount()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Components.Server.Circuits"
                    && instrument.Name is "aspnetcore.components.circuit.active" or "aspnetcore.components.circuit.connected")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == "aspnetcore.components.circuit.active")
                {
                    Interlocked.Add(ref active, value);
                }
                else
                {
                    Interlocked.Add(ref connected, value);
                }
            });
            listener.Start();
        }

        public long Active => Interlocked.Read(ref active);

        public long Connected => Interlocked.Read(ref connected);

        public async Task WaitAsync(Func<bool> condition, string what)
        {
            if (!await ApiServices.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromMinutes(5)))
            {
                throw new TimeoutException($"Waited 5 minutes for {what}; active {Active}, connected {Connected}.");
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
