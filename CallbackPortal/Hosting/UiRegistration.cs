using CallbackPortal.Onboarding;
using MudBlazor.Services;

namespace CallbackPortal.Hosting;

public static class UiRegistration
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = PublicApi.ApiProblems.AddCode);
        builder.Services.AddScoped<SetupChecklist>();
        builder.Services.AddScoped<ISetupStep, ServiceStep>();
        builder.Services.AddScoped<ISetupStep, AgentStep>();
        builder.Services.AddScoped<ISetupStep, TelephonyStep>();
        builder.Services.AddScoped<ISetupStep, AccountSecurityStep>();
        return builder;
    }
}
