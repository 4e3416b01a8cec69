/* tmpclean.c -- the coordinator's cleaning of /tmp. Workers make files
 * and directories under /tmp/fz<pid> (args_fs.c), and now and then
 * elsewhere in /tmp (a worker whose working directory moved to /tmp, a
 * rename out of its directory). A round's killed workers leave them all
 * behind, and their pages and kernel memory would look like a leak: so at
 * the end of each round the coordinator removes every entry of /tmp that
 * was not there when the run began, before it counts the pages.
 *
 * At the start the coordinator removes what killed runs left (a run
 * killed as a job, as usertests fuzz_job does, never gets to clean): the
 * names a worker can make in /tmp itself, fz* and the relative names of
 * the pool (args_fs.c), for a worker whose working directory became /tmp.
 * (A name a worker took from its random buffers is not known: a killed
 * run may leave one.) It then notes what else /tmp holds, so that started
 * from the shell it keeps the others' files. With more entries than it
 * can note, it removes only the names it knows. The removal itself is the
 * user library's (lib/dirclean.c).
 */
#include "fuzz.h"
#include "dirclean.h"

static struct dirnames keep;

/* ours: a name a worker makes in /tmp itself (args_fs.c): its directory,
 * or a name of the pool, relative or under /tmp. */
static bool ours(const char *name)
{
    static const char *const names[] = { "a", "b", "sub", "nope" };
    if (name[0] == 'f' && name[1] == 'z')
        return true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool not_ours(const char *name, void *arg)
{
    (void)arg;
    return !ours(name);
}

/* kept: there at tmp_setup (or, if not all could be noted, not ours). */
static bool kept(const char *name, void *arg)
{
    (void)arg;
    return keep.all ? dirnames_has(&keep, name) : !ours(name);
}

void tmp_touch(void) { dirclean_touch(); }

bool tmp_remove_leftovers(void) { return dirclean("/tmp", not_ours, NULL, "fuzz"); }

void tmp_setup(void)
{
    if (!tmp_remove_leftovers())
        printf("fuzz: /tmp still holds what an earlier run left\n");
    dirnames_read("/tmp", &keep);
}

bool tmp_clean(void) { return dirclean("/tmp", kept, NULL, "fuzz"); }
