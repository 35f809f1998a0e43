using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CallbackPortal.Diagnostics;

namespace CallbackPortal.CallbackList;

/// <summary>An export being written: how far it is, and its file once done.</summary>
public sealed class ExportJob(Guid id, int total) : IProgress<int>
{
    public Guid Id { get; } = id;
    public int Total { get; } = total;
    public int Written { get; internal set; }
    public bool Done { get; internal set; }
    public string? Error { get; internal set; }
    public ListDownload? File { get; internal set; }

    public void Report(int value) => Written = value;
}

/// <summary>
/// The CSV export of the filtered list: rows streamed in key-ordered batches into a file under the app's data folder,
/// with progress the page can show, then downloaded by the user who asked (phone numbers masked unless they manage callbacks).
/// </summary>
public sealed class CallbackExports(CallbackSearch search, ListDownloads downloads, ILogger<CallbackExports> logger)
{
    public const int BatchSize = 1000;

    private readonly ConcurrentDictionary<Guid, ExportJob> jobs = new();

    /// <summary>Starts writing the export in the background and returns its job at once; <see cref="Job"/> reports its progress.</summary>
    public async Task<ExportJob> StartAsync(ListReader reader, CallbackFilter filter, IReadOnlyList<JourneyColumn> journey, CancellationToken ct)
    {
        var owner = reader.Actor.UserId ?? throw new Callbacks.DomainException("forbidden", "Only a signed-in user can export.");
        var total = await search.CountAsync(reader, filter, ct);
        var file = downloads.Create(owner, $"callbacks-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        var job = new ExportJob(file.Id, total);
        jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                await using (var stream = File.Create(file.Path))
                {
                    await WriteAsync(reader, filter, journey, stream, job, CancellationToken.None);
                }
                job.File = file;
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                logger.LogWarning(e, "Callback export {Id} failed", job.Id);
                job.Error = "The export could not be written: " + e.Message;
            }
            job.Done = true;
        }, CancellationToken.None);
        return job;
    }

    public ExportJob? Job(Guid id) => jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Writes every match as CSV, reporting the number of rows written after each batch.</summary>
    public async Task WriteAsync(ListReader reader, CallbackFilter filter, IReadOnlyList<JourneyColumn> journey, Stream output, IProgress<int>? progress, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        string[] header = ["callback_id", "service", "state", "reason", "phone", "first_name", "last_name", "email", "desired_time_utc", "created_utc",
            "completed_utc", "attempts", "priority", "notes"];
        await writer.WriteLineAsync(CsvCells.Line([.. header, .. journey.Select(j => j.Alias)]));
        var written = 0;
        await foreach (var batch in search.BatchesAsync(reader, filter, BatchSize, ct))
        {
            foreach (var r in batch)
            {
                string?[] cells = [r.Id.ToString(), r.ServiceName, r.State.ToString(), r.Reason?.ToString(), r.Phone, r.FirstName, r.LastName, r.Email,
                    Time(r.DesiredTime), Time(r.CreatedAt), r.CompletedAt is { } c ? Time(c) : null, Number(r.AttemptCount), Number(r.Priority), r.Notes];
                await writer.WriteLineAsync(CsvCells.Line([.. cells, .. journey.Select(j => r.UserData.GetValueOrDefault(j.Key))]));
            }
            written += batch.Count;
            await writer.FlushAsync(ct);
            progress?.Report(written);
        }
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
