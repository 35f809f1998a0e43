using CallbackPortal.Telephony;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Telephony;

internal static class RecordingEngineRegistration
{
    /// <summary>Stands the recorder in for the engine's side of the telephony port.</summary>
    public static IServiceCollection AddRecordingEngine(this IServiceCollection services, RecordingEngine engine) => services
        .AddSingleton<ICallProgressSink>(engine)
        .AddSingleton<ICallInstructionSource>(engine);
}
