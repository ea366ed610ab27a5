using System.Runtime.InteropServices;

namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>
/// <c>MYSQL_FIELD</c> from mysql.h (Connector/C 3.3). On x86-64 Linux it is 128 bytes: seven pointers, two
/// <c>unsigned long</c>, ten <c>unsigned int</c> (the enum type at offset 112), then the extension pointer at 120.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeField
{
    public byte* Name;
    public byte* OrgName;
    public byte* Table;
    public byte* OrgTable;
    public byte* Db;
    public byte* Catalog;
    public byte* Default;
    public nuint Length;
    public nuint MaxLength;
    public uint NameLength;
    public uint OrgNameLength;
    public uint TableLength;
    public uint OrgTableLength;
    public uint DbLength;
    public uint CatalogLength;
    public uint DefaultLength;
    public uint Flags;
    public uint Decimals;
    public uint CharsetNumber;
    public MySqlFieldType Type;
    public void* Extension;
}
