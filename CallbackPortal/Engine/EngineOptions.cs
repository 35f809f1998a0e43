using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Engine;

public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>How long a dispatcher owns a claimed callback before start-up recovery may take it back.</summary>
    [Range(5, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int ClaimLeaseSeconds { get; set; } = 60;

    /// <summary>How often the sweep promotes due callbacks, expires old ones and recovers stale claims.</summary>
    [Range(1, 300, ErrorMessage = "must be between {1} and {2} seconds")]
    public int SweepSeconds { get; set; } = 15;

    /// <summary>Callbacks looked at per dispatch round.</summary>
    [Range(1, 10_000, ErrorMessage = "must be between {1} and {2}")]
    public int DispatchBatch { get; set; } = 200;

    /// <summary>Completed callbacks deleted per purge transaction.</summary>
    [Range(1, 100_000, ErrorMessage = "must be between {1} and {2}")]
    public int PurgeBatch { get; set; } = 500;

    /// <summary>Handle time assumed for the wait estimate until there are calls to learn from.</summary>
    [Range(1, 7200, ErrorMessage = "must be between {1} and {2} seconds")]
    public int DefaultHandleSeconds { get; set; } = 180;
}

/// <summary>
/// How the engine asks for work to happen later or elsewhere. In the app these become Hangfire jobs;
/// engine tests collect them and run them when their fake clock says so.
/// </summary>
public interface IEngineTriggers
{
    /// <summary>Try to match queued callbacks with ready agents now.</summary>
    void Dispatch();

    /// <summary>Place the call for an attempt that is written and not yet sent.</summary>
    void Dial(Guid attemptId);

    /// <summary>Queue the callback when it becomes due (its exact time).</summary>
    void PromoteAt(Guid callbackId, DateTimeOffset at);

    void EndWrapUpAt(Guid agentId, DateTimeOffset at);

    void PreviewTimeoutAt(Guid callbackId, Guid agentId, DateTimeOffset at);
}
