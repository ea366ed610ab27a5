using Recorder.Infrastructure.Persistence.MySql.Native;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>Metadata of one result column, copied from its MYSQL_FIELD.</summary>
internal sealed record ResultColumn(string Name, MySqlFieldType Type, uint Flags, uint CharsetNumber, uint Decimals, ulong Length)
{
    public bool IsUnsigned => (Flags & MariaDbConstants.UnsignedFlag) != 0;

    /// <summary>True for BINARY/VARBINARY/BLOB values (binary collation) and geometry: they read as byte[].</summary>
    public bool IsBinary => Type == MySqlFieldType.Geometry
        || (CharsetNumber == MariaDbConstants.BinaryCharsetNumber && Type is MySqlFieldType.String or MySqlFieldType.VarString
            or MySqlFieldType.VarChar or MySqlFieldType.TinyBlob or MySqlFieldType.MediumBlob or MySqlFieldType.LongBlob
            or MySqlFieldType.Blob);
}
