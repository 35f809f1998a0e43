using System.Text.RegularExpressions;
using CallbackPortal.Data;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CallbackPortal.Agents;

/// <summary>An agent's profile as the editor changes it: name, where they take calls, the portal user, skills with levels.</summary>
public sealed class AgentForm
{
    public const int MaxNameLength = 200;
    public const int MinLevel = 1;
    public const int MaxLevel = 10;

    /// <summary>The agent edited; null for a new one.</summary>
    public Guid? Id { get; init; }

    public string Name { get; set; } = "";

    /// <summary>An E.164 number (typed with spaces if liked) or a <c>sip:</c> address.</summary>
    public string Phone { get; set; } = "";

    /// <summary>The portal user who works as this agent, if any.</summary>
    public string? UserId { get; set; }

    public List<AgentSkill> Skills { get; set; } = [];

    /// <summary>The profile as it was when the editor opened it: a save is refused if someone else changed it since.</summary>
    internal AgentProfile? Loaded { get; init; }

    internal static AgentForm For(Agent agent) => new()
    {
        Id = agent.Id,
        Name = agent.Name,
        Phone = agent.Phone,
        UserId = agent.UserId,
        Skills = [.. agent.Skills.Select(s => new AgentSkill { Skill = s.Skill, Level = s.Level })],
        Loaded = AgentProfile.Of(agent),
    };
}

/// <summary>The fields of an agent people edit (presence is the engine's and changes all the time, so it is left out).</summary>
internal sealed record AgentProfile(string Name, string Phone, string? UserId, string Skills)
{
    public static AgentProfile Of(Agent agent) =>
        new(agent.Name, agent.Phone, agent.UserId, string.Join(", ", agent.Skills.Select(s => $"{s.Skill} {s.Level}")));
}

/// <summary>Checks the fields of an <see cref="AgentForm"/>; messages are keyed by field (<c>name</c>, <c>phone</c>, <c>skills[1].level</c>).</summary>
internal static partial class AgentFormRules
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The phone in the form the dialer needs: E.164 for a number, <c>sip:user@host</c> for a SIP address; or why it is not one.
    /// </summary>
    public static (string? Normalised, string? Problem) Phone(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return (null, "Enter where the agent takes calls: a number such as +12025550123 or a SIP address such as sip:ada@pbx.example.com.");
        }
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            var address = "sip:" + text[4..];
            return address.Length <= 256 && SipAddress().IsMatch(address)
                ? (address, null)
                : (null, "A SIP address looks like sip:ada@pbx.example.com (a user, '@', and a host, optionally ':port').");
        }
        if (!text.StartsWith('+'))
        {
            return (null, "Start the number with '+' and the country code, such as +12025550123, or use a sip: address.");
        }
        try
        {
            var number = Util.Parse(text, "ZZ");
            return Util.IsValidNumber(number)
                ? (Util.Format(number, PhoneNumberFormat.E164), null)
                : (null, "This is not a valid phone number for its country; check the digits.");
        }
        catch (NumberParseException)
        {
            return (null, "This is not a phone number; use the form +12025550123.");
        }
    }

    /// <summary>Skills must come from the catalogue (or be ones the agent already held), once each, at levels 1–10.</summary>
    public static IEnumerable<(string Field, string Message)> Skills(IReadOnlyList<AgentSkill> skills, IReadOnlyList<string> catalogue, IReadOnlyList<string> held)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < skills.Count; i++)
        {
            var skill = skills[i].Skill?.Trim() ?? "";
            if (skill.Length == 0)
            {
                yield return ($"skills[{i}].skill", "Choose a skill, or remove the row.");
            }
            else if (!catalogue.Concat(held).Any(c => SkillCatalogue.Same(c, skill)))
            {
                yield return ($"skills[{i}].skill", $"'{skill}' is not in the skills catalogue; add it on the Skills page first.");
            }
            else if (!seen.Add(skill))
            {
                yield return ($"skills[{i}].skill", $"'{skill}' is listed twice.");
            }
            if (skills[i].Level is < AgentForm.MinLevel or > AgentForm.MaxLevel)
            {
                yield return ($"skills[{i}].level", $"The level must be between {AgentForm.MinLevel} and {AgentForm.MaxLevel}.");
            }
        }
    }

    public static async Task<Dictionary<string, string[]>> ProblemsAsync(AppDbContext db, AgentForm form, Agent? agent, CancellationToken ct)
    {
        var problems = new List<(string Field, string Message)>();
        var name = form.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(("name", "Enter the agent's name."));
        }
        else if (name.Length > AgentForm.MaxNameLength)
        {
            problems.Add(("name", $"The name is too long: at most {AgentForm.MaxNameLength} characters."));
        }
        else if ((await db.Agents.AsNoTracking().Where(a => a.Id != form.Id).Select(a => a.Name).ToListAsync(ct)).Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(("name", $"Another agent is already called '{name}'."));
        }
        if (AgentFormRules.Phone(form.Phone).Problem is { } phoneProblem)
        {
            problems.Add(("phone", phoneProblem));
        }
        if (!string.IsNullOrEmpty(form.UserId))
        {
            if (!await db.Users.AnyAsync(u => u.Id == form.UserId, ct))
            {
                problems.Add(("userId", "That portal user no longer exists; choose another."));
            }
            else if (await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == form.UserId && a.Id != form.Id, ct) is { } other)
            {
                problems.Add(("userId", $"That user already works as {other.Name}; one agent per user."));
            }
        }
        var catalogue = await db.Skills.Select(s => s.Name).ToListAsync(ct);
        problems.AddRange(AgentFormRules.Skills(form.Skills, catalogue, [.. agent?.Skills.Select(s => s.Skill) ?? []]));
        return problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
    }

    public static void Apply(AgentForm form, Agent agent, IReadOnlyList<string> catalogue)
    {
        agent.Name = form.Name.Trim();
        agent.Phone = AgentFormRules.Phone(form.Phone).Normalised!;
        agent.UserId = string.IsNullOrEmpty(form.UserId) ? null : form.UserId;
        // Skills are stored with the catalogue's spelling, so routing and reports see one name per skill.
        agent.Skills = [.. form.Skills.Select(s => new AgentSkill
        {
            Skill = catalogue.FirstOrDefault(c => SkillCatalogue.Same(c, s.Skill.Trim())) ?? s.Skill.Trim(),
            Level = s.Level,
        })];
    }

    // A user part of unreserved and escaped characters, '@', and a host name or IPv4 address with an optional port.
    [GeneratedRegex(@"^sip:[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+@[A-Za-z0-9]([A-Za-z0-9\-.]*[A-Za-z0-9])?(:\d{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex SipAddress();
}
