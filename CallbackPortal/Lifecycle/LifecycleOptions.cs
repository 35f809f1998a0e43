using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Lifecycle;

/// <summary>The widget's server-side settings (section <c>Widget</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Widget";

    /// <summary>Days the widget's lifecycle events are kept (by the time they were received) before the daily purge deletes them.</summary>
    [Range(1, 3650, ErrorMessage = "must be between {1} and {2} days")]
    public int LifecycleRetentionDays { get; set; } = 90;
}
