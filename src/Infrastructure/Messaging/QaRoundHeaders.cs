namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// The contract headers of one message, picked out in a single pass. Names match case-insensitively; when a header
/// repeats, the last one wins (Kafka appends, so the last is the most recent writer's intent).
/// </summary>
internal struct QaRoundHeaders
{
    public byte[]? Schema;
    public byte[]? UserId;
    public byte[]? Occurred;
    public byte[]? QaPairs;

    public void Offer(string? name, byte[]? value)
    {
        if (name is null)
        {
            return;
        }

        if (name.Equals(QaRoundContract.UserIdHeader, StringComparison.OrdinalIgnoreCase))
        {
            UserId = value;
        }
        else if (name.Equals(QaRoundContract.OccurredHeader, StringComparison.OrdinalIgnoreCase))
        {
            Occurred = value;
        }
        else if (name.Equals(QaRoundContract.SchemaHeader, StringComparison.OrdinalIgnoreCase))
        {
            Schema = value;
        }
        else if (name.Equals(QaRoundContract.QaPairsHeader, StringComparison.OrdinalIgnoreCase))
        {
            QaPairs = value;
        }
    }
}
