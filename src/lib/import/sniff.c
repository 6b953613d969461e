/* sniff.c - is an input path a bare manifest or a package?  Decided by
 * the content, never by the name: "M.XML", "course.xml.bak" or a
 * manifest saved as "course.imscc" are all the XML they hold, and a ZIP
 * archive named ".xml" is still an archive. */
#include "import/source.h"
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool cckit_path_is_bare_xml(const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    unsigned char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n <= 0)
        return false;
    size_t i = 0, len = (size_t)n;
    /* An XML document starts with '<' after an optional byte-order mark
     * (UTF-8, or UTF-16 whose next byte is then 0) and white space. */
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3;
    else if (len >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)))
        return true;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return i < len && buf[i] == '<';
}
