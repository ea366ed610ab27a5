using System.Runtime.InteropServices;

namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>
/// The subset of MariaDB Connector/C (libmariadb.so.3, Debian package libmariadb3) this provider calls.
/// Signatures follow /usr/include/mariadb/mysql.h of Connector/C 3.3. C <c>unsigned long</c> is pointer-sized on every
/// Unix ABI (LP64 and ILP32), hence <see cref="nuint"/>; <c>my_bool</c> is a C <c>char</c>, hence <see cref="byte"/>.
/// A MYSQL handle must only be used by one thread at a time: every handle lives on its own
/// <see cref="NativeCallThread"/>.
/// </summary>
internal static unsafe partial class MariaDbNative
{
    public const string LibraryName = "libmariadb.so.3";

    [LibraryImport(LibraryName)]
    public static partial int mysql_server_init(int argc, nint argv, nint groups);

    [LibraryImport(LibraryName)]
    public static partial byte mysql_thread_init();

    [LibraryImport(LibraryName)]
    public static partial void mysql_thread_end();

    [LibraryImport(LibraryName)]
    public static partial nint mysql_init(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial int mysql_options(nint mysql, MariaDbOption option, void* arg);

    [LibraryImport(LibraryName)]
    public static partial nint mysql_real_connect(
        nint mysql, byte* host, byte* user, byte* password, byte* database, uint port, byte* unixSocket, nuint clientFlags);

    [LibraryImport(LibraryName)]
    public static partial void mysql_close(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial int mysql_real_query(nint mysql, byte* query, nuint length);

    [LibraryImport(LibraryName)]
    public static partial nint mysql_store_result(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial int mysql_next_result(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial uint mysql_field_count(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial ulong mysql_affected_rows(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial ulong mysql_insert_id(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial uint mysql_num_fields(nint result);

    [LibraryImport(LibraryName)]
    public static partial ulong mysql_num_rows(nint result);

    [LibraryImport(LibraryName)]
    public static partial NativeField* mysql_fetch_field_direct(nint result, uint fieldNumber);

    [LibraryImport(LibraryName)]
    public static partial byte** mysql_fetch_row(nint result);

    [LibraryImport(LibraryName)]
    public static partial nuint* mysql_fetch_lengths(nint result);

    [LibraryImport(LibraryName)]
    public static partial void mysql_free_result(nint result);

    [LibraryImport(LibraryName)]
    public static partial nuint mysql_real_escape_string(nint mysql, byte* to, byte* from, nuint length);

    [LibraryImport(LibraryName)]
    public static partial uint mysql_errno(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial byte* mysql_error(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial byte* mysql_sqlstate(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial nuint mysql_thread_id(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial int mysql_ping(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial int mysql_select_db(nint mysql, byte* database);

    [LibraryImport(LibraryName)]
    public static partial byte* mysql_get_server_info(nint mysql);

    [LibraryImport(LibraryName)]
    public static partial byte mariadb_get_info(nint mysql, MariaDbValue value, void* arg);

    /// <summary>Shuts the connection's socket down so a blocked read or write on the handle's thread fails at once.
    /// Connector/C documents it for breaking a long query when KILL cannot be sent.</summary>
    [LibraryImport(LibraryName)]
    public static partial int mariadb_cancel(nint mysql);
}
