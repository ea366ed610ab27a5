namespace Recorder.Infrastructure.Messaging;

/// <summary>Why a message could not be read as a conversation round.</summary>
public enum DecodeErrorReason
{
    /// <summary>The <c>user_id</c> header is absent, empty or blank.</summary>
    MissingUserId,

    /// <summary>The <c>user_id</c> header is not valid UTF-8.</summary>
    InvalidUserId,

    /// <summary>The <c>schema</c> header names another schema.</summary>
    WrongSchema,

    /// <summary>The value exceeds the contract's size limit.</summary>
    TooLarge,

    /// <summary>The value is not valid UTF-8, or a JSON string escapes an unpaired surrogate.</summary>
    InvalidUtf8,

    /// <summary>The value is not well-formed JSON.</summary>
    InvalidJson,

    /// <summary>The value is JSON but not an array.</summary>
    NotAnArray,

    /// <summary>An array element is not an object, or its <c>q</c>/<c>a</c> is neither a string nor null.</summary>
    InvalidPair,

    /// <summary>The round decoded but breaks a business rule (e.g. user id too long, occurred out of range).</summary>
    ValidationFailed,
}
