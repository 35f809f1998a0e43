using CallbackPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Hosting;

public static class DataRegistration
{
    /// <summary>The app's database (one context per operation through the factory), migrations at start-up, Data Protection keys in the database.</summary>
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var configured = builder.Configuration.GetConnectionString("DefaultConnection");
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new ConfigurationException("ConnectionStrings:DefaultConnection is empty; give a SQLite connection string such as 'Data Source=App_Data/callbackportal.db'.");
        }
        string connectionString;
        try
        {
            connectionString = SqliteConnectionStrings.Prepare(configured, builder.Environment.ContentRootPath, database.BusyTimeoutSeconds);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"ConnectionStrings:DefaultConnection is not a valid SQLite connection string: {e.Message}");
        }

        var pragmas = new SqlitePragmas(database.BusyTimeoutSeconds);
        // Pooled: a create opens several short contexts, and reusing them saves building each one anew.
        builder.Services.AddPooledDbContextFactory<AppDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(pragmas));
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddSingleton<DatabaseMaintenance>();

        builder.Services.AddDataProtection()
            .SetApplicationName("CallbackPortal")
            .PersistKeysToDbContext<AppDbContext>();
        return builder;
    }
}
