using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Data;
using CallbackPortal.Hosting;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallbackPortal.Tests.Administration;

/// <summary>
/// Identity and the administration services over a test database, without the web host: the roles exist and the
/// administrator bUnit signs in as (<see cref="PortalPages.AdministratorId"/>) is a real account.
/// </summary>
public static class AdministrationServices
{
    public const string Password = "correct-horse-battery";

    public static IServiceCollection AddAdministration(this IServiceCollection services, TestDatabase database)
    {
        services.AddLogging();
        services.AddDataProtection();
        services.TryAddSingleton<IDbContextFactory<AppDbContext>>(database);
        services.AddScoped(_ => database.CreateDbContext());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<PortalActors>();
        services.AddOptions<SecurityOptions>();
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<PermissionStore>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<PermissionMatrix>();
        return services;
    }

    /// <summary>Creates the roles and the signed-in administrator of <see cref="PortalPages"/>.</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
        await CreateUserAsync(services, "admin@example.com", Roles.Administrator, id: PortalPages.AdministratorId);
    }

    public static async Task<ApplicationUser> CreateUserAsync(IServiceProvider services, string email, string role, string? id = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = DateTimeOffset.UtcNow };
        if (id is not null)
        {
            user.Id = id;
        }
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    public static PortalActor Actor(ApplicationUser user, ServiceScope? scope = null) => new(user.Id, user.Email!, scope ?? ServiceScope.Everything);

    /// <summary>The administrator the bUnit pages act as.</summary>
    public static readonly PortalActor Administrator = new(PortalPages.AdministratorId, "admin@example.com", ServiceScope.Everything);
}

/// <summary>A service provider with <see cref="AdministrationServices"/> over its own database.</summary>
public sealed class AdministrationHarness : IAsyncDisposable
{
    private AdministrationHarness(TestDatabase database, ServiceProvider services) => (Database, Services) = (database, services);

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public UserAdministration Users => Services.GetRequiredService<UserAdministration>();

    public UserDirectory Directory => Services.GetRequiredService<UserDirectory>();

    public static async Task<AdministrationHarness> CreateAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection().AddAdministration(database).BuildServiceProvider();
        await AdministrationServices.SeedAsync(services);
        return new AdministrationHarness(database, services);
    }

    public async Task<T> WithUserManagerAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
