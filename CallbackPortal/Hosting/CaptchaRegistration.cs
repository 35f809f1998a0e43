using CallbackPortal.Access;
using CallbackPortal.PublicApi.Captcha;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Hosting;

public static class CaptchaRegistration
{
    /// <summary>
    /// CAPTCHA verification per service: the built-in proof of work and the providers' siteverify APIs behind
    /// <see cref="ICaptchaVerifier"/>, with the secret protector and installation keys they rely on.
    /// Needs <see cref="DataRegistration.AddPortalData"/> (the database and Data Protection).
    /// </summary>
    public static WebApplicationBuilder AddPortalCaptcha(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CaptchaOptions>(builder.Configuration, CaptchaOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretProtector>();
        services.TryAddSingleton<InstallationKeys>();
        services.TryAddSingleton<ProofOfWorkChallenges>();
        services.AddHttpClient<SiteVerifyClient>((sp, client) =>
        {
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<CaptchaOptions>>().Value.RequestTimeoutSeconds);
            client.MaxResponseContentBufferSize = SiteVerifyClient.MaxResponseBytes;
        });
        // Transient like the typed client it holds, so the client's handler is renewed as the factory intends.
        services.TryAddTransient<ICaptchaVerifier, CaptchaVerifier>();
        services.TryAddTransient<CaptchaKeyCheck>();
        return builder;
    }
}
