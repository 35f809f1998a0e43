using System.Collections.Concurrent;
using System.Security.Claims;
using CallbackPortal.Access;
using CallbackPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.CallbackList;

/// <summary>A file the list made for one user (an export, a bulk-cancel summary), downloadable by that user only.</summary>
public sealed record ListDownload(Guid Id, string OwnerId, string FileName, string Path, DateTimeOffset CreatedAt)
{
    public string Url => $"/callbacks/downloads/{Id}";
}

/// <summary>
/// The callback list's files: written under an <c>exports</c> folder next to the database (the app's data folder, not
/// the temp folder of whoever runs it), handed out only to the user who made them, and removed after <see cref="KeepFor"/>.
/// </summary>
public sealed class ListDownloads(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, ListDownload> files = new();
    private string? folder;

    public ListDownload Create(string ownerId, string fileName)
    {
        Sweep();
        var id = Guid.NewGuid();
        var download = new ListDownload(id, ownerId, fileName, System.IO.Path.Combine(Folder(), $"{id:N}.csv"), clock.GetUtcNow());
        files[id] = download;
        return download;
    }

    /// <summary>The file when it exists and belongs to <paramref name="userId"/>; null otherwise (someone else's file looks like no file).</summary>
    public ListDownload? Find(Guid id, string? userId) =>
        userId is not null && files.TryGetValue(id, out var download) && download.OwnerId == userId && File.Exists(download.Path) ? download : null;

    /// <summary>Removes files older than <see cref="KeepFor"/> (called whenever a new one is made).</summary>
    public void Sweep()
    {
        var cutoff = clock.GetUtcNow() - KeepFor;
        foreach (var old in files.Values.Where(f => f.CreatedAt < cutoff))
        {
            files.TryRemove(old.Id, out _);
            File.Delete(old.Path);
        }
        // Files left by an earlier run are nobody's any more.
        foreach (var stale in Directory.EnumerateFiles(Folder(), "*.csv").Where(f => File.GetLastWriteTimeUtc(f) < cutoff.UtcDateTime))
        {
            File.Delete(stale);
        }
    }

    /// <summary>The files (of this run or an earlier one) holding any of <paramref name="needles"/>, for a personal data erasure.</summary>
    public IReadOnlyList<string> FilesMentioning(IReadOnlyCollection<string> needles) =>
        [.. Directory.EnumerateFiles(Folder(), "*.csv").Where(f => Mentions(f, needles))];

    /// <summary>Deletes the files (a file already swept is not an error) and forgets them.</summary>
    public int Delete(IEnumerable<string> paths)
    {
        var deleted = 0;
        foreach (var path in paths)
        {
            foreach (var known in files.Values.Where(f => f.Path == path))
            {
                files.TryRemove(known.Id, out _);
            }
            if (File.Exists(path))
            {
                File.Delete(path);
                deleted++;
            }
        }
        return deleted;
    }

    private static bool Mentions(string path, IReadOnlyCollection<string> needles)
    {
        try
        {
            return File.ReadLines(path).Any(line => needles.Any(n => line.Contains(n, StringComparison.OrdinalIgnoreCase)));
        }
        catch (IOException)
        {
            // Deleted by the sweep meanwhile: it mentions nothing any more.
            return false;
        }
    }

    private string Folder()
    {
        if (folder is null)
        {
            using var db = dbFactory.CreateDbContext();
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var root = string.IsNullOrEmpty(source) || source.StartsWith(':') ? System.IO.Path.GetTempPath() : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source))!;
            var path = System.IO.Path.Combine(root, "exports");
            Directory.CreateDirectory(path);
            folder = path;
        }
        return folder;
    }
}

public static class ListDownloadEndpoint
{
    /// <summary><c>/callbacks/downloads/{id}</c>: the file, for its owner with callbacks.view; anyone else gets 404.</summary>
    public static void MapCallbackListDownloads(this WebApplication app) =>
        app.MapGet("/callbacks/downloads/{id:guid}", (Guid id, ListDownloads downloads, HttpContext context) =>
            downloads.Find(id, context.User.FindFirstValue(ClaimTypes.NameIdentifier)) is { } file
                ? Results.File(file.Path, "text/csv; charset=utf-8", file.FileName)
                : Results.NotFound())
            .RequireAuthorization(Permissions.Callbacks.View).ExcludeFromDescription();
}
