namespace Recorder.IntegrationTests.Support;

/// <summary>
/// External user ids that are distinct byte for byte but equal under a case- and accent-insensitive collation, or
/// under a PAD SPACE one. Written with escapes so that the normalisation form is unmistakable.
/// </summary>
internal static class LookAlikeUsers
{
    public static readonly IReadOnlyList<string> All =
    [
        "CaseUser", "caseuser", "CASEUSER",
        "Jos\u00E9",  // é precomposed (NFC)
        "Jose\u0301", // e + combining acute accent (NFD)
        "Jose",
        "pad", "pad ", "pad  ",
    ];
}
