using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Diagnostics;

public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>Error log and CORS rejections older than this are deleted by the hourly housekeeping job.</summary>
    [Range(1, 3650, ErrorMessage = "must be between {1} and {2} days")]
    public int RetentionDays { get; set; } = 30;

    /// <summary>The most rows each log keeps; the oldest go first, so a flood cannot fill the disk.</summary>
    [Range(1000, 10_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Entries waiting to be written; past this a flood's entries are counted and dropped rather than slowing the API.</summary>
    [Range(100, 1_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int QueueLength { get; set; } = 10_000;
}
