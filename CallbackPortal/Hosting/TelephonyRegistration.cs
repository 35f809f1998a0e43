using CallbackPortal.Telephony;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Hosting;

public static class TelephonyRegistration
{
    /// <summary>
    /// The Twilio-compatible adapter.
    /// The engine's side of the port (<see cref="ICallProgressSink"/>, <see cref="ICallInstructionSource"/>) is
    /// registered by the engine; until then the telephony endpoints answer 503.
    /// </summary>
    public static WebApplicationBuilder AddPortalTelephony(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TelephonyOptions>(builder.Configuration, TelephonyOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PublicAddress>();
        services.TryAddSingleton<CallbackReplayFilter>();
        services.AddHttpClient<TwilioVoiceProvider>((sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelephonyOptions>>().Value.RequestTimeoutSeconds));
        services.TryAddTransient<ITelephonyProvider>(sp => sp.GetRequiredService<TwilioVoiceProvider>());

        services.TryAddSingleton(sp => TwilioAccount.FromOptions(sp.GetRequiredService<IOptions<TelephonyOptions>>().Value));
        return builder;
    }
}
