namespace CallbackPortal.Hosting;

public static class PortalRegistration
{
    /// <summary>Typed, validated settings: a wrong value stops the start with a line naming its key.</summary>
    public static WebApplicationBuilder AddPortalSettings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddValidatedOptions<DatabaseOptions>(configuration, DatabaseOptions.Section);
        services.AddValidatedOptions<JobsOptions>(configuration, JobsOptions.Section);
        services.AddValidatedOptions<SecurityOptions>(configuration, SecurityOptions.Section);
        services.AddValidatedOptions<DemoOptions>(configuration, DemoOptions.Section);
        return builder;
    }

    /// <summary><c>--demo</c> on the command line is the same as <c>Demo:Enabled=true</c>.</summary>
    public static string[] TranslateSwitches(string[] args) =>
        [.. args.Select(a => a == "--demo" ? "--Demo:Enabled=true" : a)];
}
