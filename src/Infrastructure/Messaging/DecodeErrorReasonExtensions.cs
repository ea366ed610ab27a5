namespace Recorder.Infrastructure.Messaging;

public static class DecodeErrorReasonExtensions
{
    /// <summary>Stable snake_case code for logs, metrics and the dead-letter <c>dlq_reason</c> header.</summary>
    public static string ToCode(this DecodeErrorReason reason) => reason switch
    {
        DecodeErrorReason.MissingUserId => "missing_user_id",
        DecodeErrorReason.InvalidUserId => "invalid_user_id",
        DecodeErrorReason.WrongSchema => "wrong_schema",
        DecodeErrorReason.TooLarge => "too_large",
        DecodeErrorReason.InvalidUtf8 => "invalid_utf8",
        DecodeErrorReason.InvalidJson => "invalid_json",
        DecodeErrorReason.NotAnArray => "not_an_array",
        DecodeErrorReason.InvalidPair => "invalid_pair",
        DecodeErrorReason.ValidationFailed => "validation_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown decode error reason."),
    };
}
