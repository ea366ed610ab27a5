namespace Recorder.Infrastructure.Kafka.Offsets;

/// <summary>Who is in the recorder's group, as far as the cluster says.</summary>
public sealed record GroupMembership
{
    private GroupMembership(bool isKnown, string state, IReadOnlyList<string> members, string detail)
    {
        IsKnown = isKnown;
        State = state;
        Members = members;
        Detail = detail;
    }

    /// <summary>False when the cluster does not describe groups (librdkafka's mock cluster): membership is unknown.</summary>
    public bool IsKnown { get; }

    /// <summary>The group state (Empty, Stable, PreparingRebalance, …), or "unknown".</summary>
    public string State { get; }

    /// <summary>Live members as <c>client.id@host</c>.</summary>
    public IReadOnlyList<string> Members { get; }

    public string Detail { get; }

    public bool HasLiveMembers => IsKnown && (Members.Count > 0 || State is not ("Empty" or "Dead"));

    public static GroupMembership Known(string state, IReadOnlyList<string> members) =>
        new(true, state, members, members.Count == 0 ? $"no live members (state {state})" : $"{members.Count} live member(s), state {state}: {string.Join(", ", members)}");

    public static GroupMembership Unknown(string reason) => new(false, "unknown", [], "unknown: " + reason);
}
