using System.ComponentModel.DataAnnotations;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// Settings of <c>Telephony:Simulator</c>: how the built-in carrier treats the calls it is asked to place. The four
/// rates share one draw per call; whatever they leave below 1 fails (as a carrier's network error would).
/// </summary>
public sealed class CarrierSimulatorOptions : IValidatableObject
{
    public const string Section = "Telephony:Simulator";
    private const string Rate = "must be between {1} and {2}";

    /// <summary>Answered by a person.</summary>
    [Range(0.0, 1.0, ErrorMessage = Rate)]
    public double AnswerRate { get; set; } = 0.8;

    [Range(0.0, 1.0, ErrorMessage = Rate)]
    public double BusyRate { get; set; } = 0.1;

    [Range(0.0, 1.0, ErrorMessage = Rate)]
    public double NoAnswerRate { get; set; } = 0.05;

    /// <summary>Answered by an answering machine.</summary>
    [Range(0.0, 1.0, ErrorMessage = Rate)]
    public double MachineRate { get; set; } = 0.05;

    /// <summary>How often the bridged party (the <c>&lt;Dial&gt;</c> target) picks up.</summary>
    [Range(0.0, 1.0, ErrorMessage = Rate)]
    public double AgentAnswerRate { get; set; } = 1.0;

    /// <summary>How long a phone rings before it is answered or given up on (0 in tests).</summary>
    [Range(0, 600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RingSeconds { get; set; } = 2;

    /// <summary>How long the bridged parties talk (0 in tests).</summary>
    [Range(0, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int TalkSeconds { get; set; } = 20;

    /// <summary>0: a new random sequence each start; any other value repeats the same sequence of outcomes.</summary>
    public int Seed { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnswerRate + BusyRate + NoAnswerRate + MachineRate > 1.0 + 1e-9)
        {
            yield return new ValidationResult(
                "makes AnswerRate + BusyRate + NoAnswerRate + MachineRate exceed 1", [nameof(AnswerRate)]);
        }
    }
}
