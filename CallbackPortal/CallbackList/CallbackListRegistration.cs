namespace CallbackPortal.CallbackList;

public static class CallbackListRegistration
{
    /// <summary>The callback list's search, bulk cancel, exports and per-user columns.</summary>
    public static IServiceCollection AddCallbackList(this IServiceCollection services) => services
        .AddSingleton<ListReaders>()
        .AddSingleton<CallbackSearch>()
        .AddSingleton<BulkCancellation>()
        .AddSingleton<ListActions>()
        .AddSingleton<ListDownloads>()
        .AddSingleton<CallbackExports>()
        .AddSingleton<ListLayouts>();
}
