using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CallbackPortal.Data;

/// <summary>
/// The app's model on PostgreSQL. A type of its own only so that EF Core tells its migrations (<c>Data/Postgres/Migrations</c>)
/// from SQLite's; the whole app uses it as an <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>Hands out <see cref="PostgresAppDbContext"/> instances wherever the app asks for an <see cref="AppDbContext"/>.</summary>
internal sealed class PostgresContextFactory(IDbContextFactory<PostgresAppDbContext> inner) : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

/// <summary>For <c>dotnet ef migrations add X --context PostgresAppDbContext --output-dir Data/Postgres/Migrations</c>: no server is needed.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=callbackportal").Options);
}

/// <summary>
/// For <c>dotnet ef migrations add X --context AppDbContext --output-dir Data/Migrations</c>: without it EF Core would
/// take the PostgreSQL factory above for the base type too and write PostgreSQL migrations into the SQLite set.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
