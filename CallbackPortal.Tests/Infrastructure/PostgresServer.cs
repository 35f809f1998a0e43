using System.Diagnostics;
using CallbackPortal.Hosting;
using Npgsql;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>
/// The local PostgreSQL of the scale-out tests: the test command starts it (<c>CallbackPortal.Tests/postgres.sh</c>) and
/// passes its address in <c>CALLBACKPORTAL_TEST_POSTGRES</c>; a plain <c>dotnet test</c> runs the script itself. Each test
/// gets a database of its own, dropped when it is done.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CALLBACKPORTAL_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>The server's connection string without a database.</summary>
    public static Task<string> AddressAsync() => Server.Value;

    /// <summary>A new, empty database; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "cbp")
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server + ";Database=postgres"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still holds it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await Server.Value + ";Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return given;
        }
        var script = Path.Combine(SettingsFile.LocateRoot(), "CallbackPortal.Tests", "postgres.sh");
        var info = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {errors}{output}");
        }
        return output.Trim().Split('\n')[^1].Trim();
    }
}
