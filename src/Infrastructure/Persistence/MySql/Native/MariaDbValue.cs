namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>Values of <c>enum mariadb_value</c> (mysql.h, Connector/C 3.3) read through <c>mariadb_get_info</c>.</summary>
internal enum MariaDbValue
{
    ConnectionSslCipher = 21,
    ConnectionServerStatus = 30,
}
