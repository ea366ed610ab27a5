namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>
/// Initialises Connector/C once per process. <c>mysql_library_init</c> (a macro for <c>mysql_server_init</c>) is not
/// thread-safe, and <c>mysql_init</c> would otherwise call it implicitly from whichever thread gets there first.
/// </summary>
internal static class MariaDbLibrary
{
    private static readonly Lock Gate = new();
    private static volatile bool _initialized;

    public static void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            int rc;
            try
            {
                rc = MariaDbNative.mysql_server_init(0, 0, 0);
            }
            catch (DllNotFoundException ex)
            {
                throw new MySqlException(
                    $"MariaDB Connector/C ({MariaDbNative.LibraryName}) could not be loaded; install the Debian package libmariadb3.",
                    ex);
            }

            if (rc != 0)
            {
                throw new MySqlException($"MariaDB Connector/C failed to initialise (mysql_library_init returned {rc}).");
            }

            _initialized = true;
        }
    }
}
