namespace CallbackPortal.Callbacks;

public partial class Callback
{
    /// <summary>
    /// What an erased callback holds in place of its number: not a number, so the rules before a dial refuse it and no
    /// request's number ever equals it (erased rows count towards nobody's per-number throttle).
    /// </summary>
    public const string ErasedMarker = "[erased]";

    public bool IsErased => PhoneNumber == ErasedMarker;

    /// <summary>
    /// Forgets who asked: number, name, e-mail, notes, journey data, the agent's notes and the keys that could link the row
    /// back to a person or a browser. What the reports count (service, times, state, reason, attempts) stays. Only a
    /// completed callback may be erased, so nothing can dial it afterwards; the version moves so a save still holding the
    /// old row fails instead of writing the data back.
    /// </summary>
    public void ErasePersonalData()
    {
        if (State != CallbackState.Completed)
        {
            throw new DomainException("not-completed", $"A callback in {State} must be cancelled before its personal data is erased.");
        }
        PhoneNumber = ErasedMarker;
        FirstName = null;
        LastName = null;
        Email = null;
        Notes = null;
        DispositionNotes = null;
        UserData = [];
        ThrottleKey = null;
        WidgetSessionId = null;
        AccessTokenHash = "";
        Version++;
    }
}
