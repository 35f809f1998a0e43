using CallbackPortal.Access;
using CallbackPortal.Components.Account;
using CallbackPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CallbackPortal.Hosting;

public static class IdentityRegistration
{
    /// <summary>Identity with cookie sign-in, lockout, strong passwords, and one authorization policy per permission.</summary>
    public static WebApplicationBuilder AddPortalIdentity(this WebApplicationBuilder builder)
    {
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var services = builder.Services;

        services.AddPortalCookiePolicy(security, builder.Environment);
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = security.MinimumPasswordLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = security.MaxFailedLogins;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.Cookie.Name = "CallbackPortal.Auth";
            // Secure, HttpOnly and SameSite of every cookie: PortalCookies.
            options.Events.OnRedirectToLogin = context => Unauthorized(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Unauthorized(context, StatusCodes.Status403Forbidden);
            // Sessions an administrator ended (disabled, roles changed, 2FA reset) are refused at their next request.
            options.Events.OnValidatePrincipal = UserSessions.ValidatePrincipalAsync;
        });
        // How often a cookie's security stamp is compared with the database on every node (UserSessions ends them at once on this one).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<FirstRunSetup>();
        services.AddScoped<AccessSeeder>();
        services.AddSingleton<PermissionStore>();
        services.AddSingleton<UserSessions>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return builder;
    }

    /// <summary>
    /// A person in a browser who is not signed in goes to the log-in page; an API client gets 401. Anyone
    /// signed in but without the permission gets a plain 403 (rendered as the access-denied page), never a redirect.
    /// </summary>
    private static Task Unauthorized(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !PortalPipeline.IsMachineEndpoint(context.Request.Path))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
