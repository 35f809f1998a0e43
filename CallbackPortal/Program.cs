using CallbackPortal.Backup;
using CallbackPortal.Hosting;

var settingsRoot = SettingsFile.LocateRoot();
var command = PortalCommand.Parse(args);
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = PortalRegistration.TranslateSwitches(command?.Switches ?? args),
        ContentRootPath = SettingsFile.ContentRoot(settingsRoot),
    });
    builder.Configuration.AddRootSettings(settingsRoot);
    if (command is not null)
    {
        // backup / restore: the same settings find the same database, then the command runs instead of the app.
        return command.Run(builder.Configuration, builder.Environment.ContentRootPath, Console.Out, Console.Error);
    }
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
