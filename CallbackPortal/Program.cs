using CallbackPortal.Hosting;

var settingsRoot = SettingsFile.LocateRoot();
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = PortalRegistration.TranslateSwitches(args),
        ContentRootPath = SettingsFile.ContentRoot(settingsRoot),
    });
    builder.Configuration.AddRootSettings(settingsRoot);
    builder.WebHost.UseStaticWebAssets();

    builder.AddPortalSettings()
        .AddPortalData()
        .AddPortalIdentity()
        .AddPortalUi()
        .AddPortalJobs()
        .AddPortalEngine()
        .AddPortalHealth()
        .AddPortalTelephony()
        .AddPortalCaptcha()
        .AddPortalPublicApi()
        .AddPortalAdministration();

    var app = builder.Build();
    app.UsePortalPipeline().MapPortalEndpoints();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (ValidatedOptionsExtensions.DescribeConfigurationFailure(e) is { } line)
{
    await Console.Error.WriteLineAsync(line);
    return 2;
}
