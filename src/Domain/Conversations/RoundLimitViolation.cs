namespace Recorder.Domain.Conversations;

/// <summary>A round over one of its limits: which one, by how much. Says nothing about the round's text.</summary>
public sealed record RoundLimitViolation(RoundLimit Limit, long Actual, long Maximum)
{
    /// <summary>Stable snake_case code for logs, validation failures and dead-letter errors.</summary>
    public string Code => Limit switch
    {
        RoundLimit.ValueBytes => "value_too_large",
        RoundLimit.Pairs => "too_many_pairs",
        RoundLimit.UserIdLength => "user_id_too_long",
        RoundLimit.ContentBytes => "content_too_large",
        _ => throw new InvalidOperationException($"Unknown round limit {Limit}."),
    };

    public string Description => Limit switch
    {
        RoundLimit.ValueBytes => $"The value has {Actual} bytes; the limit is {Maximum}.",
        RoundLimit.Pairs => $"The round has {Actual} pairs; the limit is {Maximum}.",
        RoundLimit.UserIdLength => $"The user id has {Actual} characters; the limit is {Maximum}.",
        RoundLimit.ContentBytes => $"A question or answer has {Actual} bytes of UTF-8; the limit is {Maximum} (MEDIUMTEXT).",
        _ => throw new InvalidOperationException($"Unknown round limit {Limit}."),
    };

    public override string ToString() => $"{Code}: {Description}";
}
