namespace CallbackPortal.Data;

/// <summary>
/// Lets one of this process's request transactions at a time ask SQLite for the write lock. SQLite admits one
/// writer anyway; without the gate, requests that find the lock taken sleep in SQLite's busy handler and wake
/// late, so a burst of creates would spend its time sleeping. The database transaction still decides what is
/// exact (and across processes); the gate only makes this process queue politely in front of it.
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    public void Dispose() => gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
