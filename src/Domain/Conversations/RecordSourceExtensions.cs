namespace Recorder.Domain.Conversations;

public static class RecordSourceExtensions
{
    public const string UserStorageValue = "USER";
    public const string AiStorageValue = "AI";

    /// <summary>The value of the <c>source ENUM('USER','AI')</c> column.</summary>
    public static string ToStorageValue(this RecordSource source) => source switch
    {
        RecordSource.User => UserStorageValue,
        RecordSource.Ai => AiStorageValue,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown record source."),
    };

    public static RecordSource ParseStorageValue(string value) => value switch
    {
        UserStorageValue => RecordSource.User,
        AiStorageValue => RecordSource.Ai,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown record source storage value."),
    };
}
