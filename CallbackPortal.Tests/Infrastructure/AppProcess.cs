using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>The built app started as its own process (as an operator starts it), from a working directory of the test's choosing.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    /// <summary>How often the readiness loop looks again.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string StandardError { get { lock (errors) { return errors.ToString(); } } }

    public string StandardOutput { get { lock (output) { return output.ToString(); } } }

    /// <summary>
    /// Log lines at error or critical level (the simple console formatter's <c>fail:</c> and <c>crit:</c>), each with the
    /// message line the formatter writes under it.
    /// </summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            var lines = (StandardOutput + "\n" + StandardError).Split('\n');
            return [.. lines.Select((line, i) => (line, i))
                .Where(x => x.line.StartsWith("fail:", StringComparison.Ordinal) || x.line.StartsWith("crit:", StringComparison.Ordinal)
                    || x.line.Contains("Unhandled exception", StringComparison.Ordinal))
                .Select(x => x.i + 1 < lines.Length ? $"{x.line.TrimEnd()} {lines[x.i + 1].Trim()}" : x.line)];
        }
    }

    public static AppProcess Start(IDictionary<string, string> environment, string workingDirectory, params string[] extraArgs)
    {
        var port = FreePort();
        var info = StartInfo(environment, workingDirectory, ["--urls", $"http://127.0.0.1:{port}", .. extraArgs]);
        if (!environment.ContainsKey("Logging__Console__FormatterName"))
        {
            info.Environment["Logging__Console__FormatterName"] = "simple";
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { lock (app.output) { app.output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (app.errors) { app.errors.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Runs the built app with <paramref name="args"/> (a command such as <c>backup PATH</c>) to its end: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, workingDirectory, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Waits until /health/ready answers 200 (two minutes, a start on a loaded machine included, unless <paramref name="limit"/> says otherwise), or fails with what the process printed.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? limit = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode}: {StandardError}{StandardOutput}");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException("The app did not become ready: " + StandardOutput);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        process.WaitForExit();
        return process.ExitCode;
    }

    public bool HasExited => process.HasExited;

    /// <summary>Ends the process at once (SIGKILL on Linux): no shutdown, nothing flushed, as a crash or a pulled plug.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>The built app's dll under <c>dotnet</c>, with its output captured.</summary>
    private static ProcessStartInfo StartInfo(IDictionary<string, string> environment, string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Plain HTTP to 127.0.0.1, as in PortalHost.
        info.Environment["Security__LoopbackHttpCookies"] = "true";
        info.Environment["Security__SignInAttemptsPerAddress"] = "1000000";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
