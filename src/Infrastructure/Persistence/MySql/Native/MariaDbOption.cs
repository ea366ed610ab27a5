namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>Values of <c>enum mysql_option</c> (mysql.h, Connector/C 3.3) used by this provider.</summary>
internal enum MariaDbOption
{
    ConnectTimeout = 0,
    SetCharsetName = 7,
    LocalInfile = 8,
    Protocol = 9,
    ReadTimeout = 11,
    WriteTimeout = 12,
    Reconnect = 20,
    SslVerifyServerCert = 21,
    SslCa = 27,
    SslEnforce = 38,
}
