namespace CallbackPortal.Access;

/// <summary>The portal roles of DOMAIN.md §1. Consumers never log in, so they have no role.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string CallbackAdmin = "CallbackAdmin";
    public const string Supervisor = "Supervisor";
    public const string Monitor = "Monitor";
    public const string Agent = "Agent";

    public static readonly IReadOnlyList<string> All = [Administrator, CallbackAdmin, Supervisor, Monitor, Agent];

    public static string DisplayName(string role) => role switch
    {
        CallbackAdmin => "Callback admin",
        _ => role,
    };
}
