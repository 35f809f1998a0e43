using CallbackPortal.Hosting;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Engine;

/// <summary>
/// Requests for a dispatch pass in this process, folded together: any number of requests while a pass is waiting
/// to start cost one pass, and a request during a pass costs one more pass after it (a pass reads the database when
/// it starts, so it sees whatever the requests were about). A create, an agent turning Ready or a call ending is
/// then a flag and a wake-up, not a job each. Only on a node that runs the engine (<c>Jobs:ServerEnabled</c>);
/// elsewhere triggers go to Hangfire for a node that does.
/// </summary>
public sealed class DispatchSignal(IOptions<JobsOptions> jobs) : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);
    private int requested;

    /// <summary>Set while <see cref="DispatchLoop"/> runs.</summary>
    internal bool Listening { get; set; }

    /// <summary>Asks for a dispatch pass; false when this node does not run the engine.</summary>
    public bool TryRequest()
    {
        if (!jobs.Value.ServerEnabled || !Listening)
        {
            return false;
        }
        if (Interlocked.Exchange(ref requested, 1) == 0)
        {
            wake.Release();
        }
        return true;
    }

    internal async Task WaitAsync(CancellationToken ct)
    {
        await wake.WaitAsync(ct);
        Volatile.Write(ref requested, 0);
    }

    public void Dispose() => wake.Dispose();
}

/// <summary>Runs a dispatch pass each time <see cref="DispatchSignal"/> asks for one.</summary>
public sealed class DispatchLoop(DispatchSignal signal, CallbackDispatcher dispatcher, IOptions<JobsOptions> jobs, ILogger<DispatchLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobs.Value.ServerEnabled)
        {
            return;
        }
        signal.Listening = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(stoppingToken);
                try
                {
                    await dispatcher.DispatchAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The sweep dispatches again within seconds; one failed pass must not stop the loop.
                    logger.LogError(e, "Dispatch pass failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            signal.Listening = false;
        }
    }
}
