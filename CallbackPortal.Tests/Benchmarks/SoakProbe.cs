using System.Globalization;
using CallbackPortal.Callbacks;
using CallbackPortal.Tests.Infrastructure;
using CallbackPortal.Tests.ScaleOut;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Benchmarks;

/// <summary>
/// Looks at the running app from outside, as an operator would: its resident memory in /proc, the sizes of the
/// SQLite file and its write-ahead log on disk, the callbacks in the database, the error lines it printed.
/// </summary>
public sealed class SoakProbe(ScaleOutNode app, TestDatabase database)
{
    private readonly int processId = FindProcessId(app.BaseAddress);
    private int completedBefore;
    private int errorLinesBefore;

    public int ProcessId => processId;

    /// <summary>The minute's row: <paramref name="window"/>'s load, and the app's state now.</summary>
    public async Task<SoakMinute> SampleAsync(int minute, SoakWindow window)
    {
        var load = window.Totals();
        var (completed, backlog) = await CallbacksAsync();
        var errorLines = app.ErrorLines.Count;
        var row = new SoakMinute(minute, load.Sent, load.Created, load.Refused, load.Failed, load.P50, load.P99,
            completed - completedBefore, backlog, ResidentBytes(), FileBytes(database.Path + "-wal"), FileBytes(database.Path), errorLines - errorLinesBefore);
        completedBefore = completed;
        errorLinesBefore = errorLines;
        return row;
    }

    /// <summary>Callbacks completed so far, and those not yet completed.</summary>
    public async Task<(int Completed, int Backlog)> CallbacksAsync()
    {
        await using var db = database.CreateDbContext();
        var byState = await db.Callbacks.AsNoTracking().GroupBy(c => c.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync();
        var completed = byState.Where(s => s.State == CallbackState.Completed).Sum(s => s.Count);
        return (completed, byState.Sum(s => s.Count) - completed);
    }

    /// <summary>The app process's resident set (VmRSS), what the operating system has to give it.</summary>
    private long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>
    /// The app's process id, found by the address on its command line (<see cref="AppProcess"/> starts it with
    /// <c>--urls http://127.0.0.1:PORT</c>), so the app's memory is read without the app exposing anything.
    /// </summary>
    private static int FindProcessId(Uri baseAddress)
    {
        var address = baseAddress.GetLeftPart(UriPartial.Authority);
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0').Contains(address))
                {
                    return id;
                }
            }
            catch (IOException)
            {
                // The process ended while the list was read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException($"No process listens on {address}.");
    }
}
