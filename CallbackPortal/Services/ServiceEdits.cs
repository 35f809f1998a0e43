namespace CallbackPortal.Services;

/// <summary>What every service settings page says when a save lost the race with someone else's.</summary>
public static class ServiceEdits
{
    public const string ChangedMeanwhile = "This service was changed by someone else since you opened it; reload to see their changes.";
}
