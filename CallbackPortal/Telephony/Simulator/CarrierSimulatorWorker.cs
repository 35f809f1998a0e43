using System.Collections.Concurrent;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>Plays every accepted call out concurrently, in the background; on shutdown the calls in flight are abandoned.</summary>
internal sealed class CarrierSimulatorWorker(CarrierSimulator simulator, SimulatedCallScript script, ILogger<CarrierSimulatorWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new ConcurrentDictionary<Task, byte>();
        try
        {
            await foreach (var call in simulator.Accepted.ReadAllAsync(stoppingToken))
            {
                var run = Task.Run(() => PlayAsync(call, stoppingToken), CancellationToken.None);
                running.TryAdd(run, 0);
                _ = run.ContinueWith(done => running.TryRemove(done, out _), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running.Keys);
    }

    private async Task PlayAsync(SimulatedCall call, CancellationToken stoppingToken)
    {
        try
        {
            await script.RunAsync(call, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Simulated carrier: call {CallSid} stopped unexpectedly", call.Sid);
        }
    }
}
