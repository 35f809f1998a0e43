using Microsoft.Data.Sqlite;

namespace CallbackPortal.Tests.Infrastructure;

public static class TempFiles
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "callbackportal-tests");

    public static string NewDatabasePath() => Path.Combine(NewFolder(), "portal.db");

    public static string NewFolder()
    {
        var folder = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            var folder = Path.GetDirectoryName(path);
            if (folder is not null && folder.StartsWith(Root, StringComparison.Ordinal))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean with the temp folder.
        }
    }
}
