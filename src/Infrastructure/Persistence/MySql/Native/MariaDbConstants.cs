namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>Flag and enum values from mariadb_com.h / mysql.h (Connector/C 3.3).</summary>
internal static class MariaDbConstants
{
    public const uint ProtocolTcp = 1;
    public const uint ProtocolSocket = 2;

    public const nuint ClientMultiStatements = 1 << 16;
    public const nuint ClientMultiResults = 1 << 17;

    public const uint ServerStatusInTransaction = 1;

    /// <summary>SERVER_STATUS_NO_BACKSLASH_ESCAPES (mariadb_com.h).</summary>
    public const uint ServerStatusNoBackslashEscapes = 512;

    public const uint UnsignedFlag = 32;
    public const uint BinaryFlag = 128;

    /// <summary>Character set number of the binary "charset": BLOB/BINARY columns carry it.</summary>
    public const uint BinaryCharsetNumber = 63;

    /// <summary><c>mysql_affected_rows</c> returns (my_ulonglong)-1 after a statement that returned rows.</summary>
    public const ulong NoAffectedRows = ulong.MaxValue;
}
