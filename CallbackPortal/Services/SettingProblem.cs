namespace CallbackPortal.Services;

/// <summary>Something wrong with a setting: the field it belongs to (a dotted path inside its document) and a sentence an administrator can act on.</summary>
public sealed record SettingProblem(string Field, string Message);
