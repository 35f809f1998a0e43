using CallbackPortal.Engine;

namespace CallbackPortal.Tests.Engine;

/// <summary>The engine's triggers collected in order with their due times, run by the harness when the fake clock says so.</summary>
public sealed class EngineWork : IEngineTriggers
{
    private readonly Lock gate = new();
    private readonly List<(DateTimeOffset At, string Name, Func<Task> Run)> pending = [];
    private EngineHarness harness = default!;

    public int DialsRequested { get; private set; }

    internal void Bind(EngineHarness engine) => harness = engine;

    public void Dispatch() => Add(DateTimeOffset.MinValue, "dispatch", () => harness.Dispatcher.DispatchAsync(CancellationToken.None));

    public void Dial(Guid attemptId)
    {
        DialsRequested++;
        Add(DateTimeOffset.MinValue, "dial", () => harness.Dialer.DialAsync(attemptId, CancellationToken.None));
    }

    public void PromoteAt(Guid callbackId, DateTimeOffset at) => Add(at, "promote", () => harness.Scheduler.PromoteAsync(callbackId, CancellationToken.None));

    public void EndWrapUpAt(Guid agentId, DateTimeOffset at) => Add(at, "wrap-up", () => harness.Presence.EndWrapUpAsync(agentId, CancellationToken.None));

    public void PreviewTimeoutAt(Guid callbackId, Guid agentId, DateTimeOffset at) =>
        Add(at, "preview-timeout", () => harness.Previews.TimeOutAsync(callbackId, agentId, CancellationToken.None));

    /// <summary>The work of this name is lost (the node that held it died); returns how much was dropped.</summary>
    public int Forget(string name)
    {
        lock (gate)
        {
            return pending.RemoveAll(p => p.Name == name);
        }
    }

    public IReadOnlyList<(DateTimeOffset At, string Name)> Pending
    {
        get { lock (gate) { return [.. pending.Select(p => (p.At, p.Name))]; } }
    }

    public async Task RunDueAsync(DateTimeOffset now)
    {
        for (var guard = 0; guard < 10_000; guard++)
        {
            (DateTimeOffset At, string Name, Func<Task> Run) next;
            lock (gate)
            {
                var index = pending.FindIndex(p => p.At <= now);
                if (index < 0)
                {
                    return;
                }
                next = pending[index];
                pending.RemoveAt(index);
            }
            await next.Run();
        }
        throw new InvalidOperationException("The engine kept creating work without end.");
    }

    private void Add(DateTimeOffset at, string name, Func<Task> run)
    {
        lock (gate)
        {
            pending.Add((at, name, run));
        }
    }
}
