// The notices in a person's cabinet (001 ¶24): every notice sent to them by any process, newest
// first, and marking one as read. A person sees only their own.
import { Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../prisma/generated/client';
import { requireUser } from './auth';
import { notFound, parseOr400 } from './errors';

const listQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The id of the last notice of the previous page: the next page holds older ones. */
  before: z.string().regex(/^\d{1,18}$/, 'a notification id').optional(),
});

const notificationId = /^\d{1,18}$/;

export function notificationsRouter(prisma: PrismaClient): Router {
  const router = Router();

  router.get('/notifications', requireUser, async (req, res) => {
    const q = parseOr400(listQuery, req.query);
    const rows = await prisma.notification.findMany({
      where: {
        iin: req.user!.iin,
        ...(q.unread === 'true' && { readAt: null }),
        ...(q.before && { id: { lt: BigInt(q.before) } }),
      },
      // Ids grow with creation, so they order the list and serve as the paging cursor alike.
      orderBy: { id: 'desc' },
      take: q.limit,
    });
    res.json({
      items: rows.map((n) => ({
        id: n.id.toString(),
        subject: n.subject,
        kind: n.kind,
        title: n.title,
        body: n.body,
        channels: n.channels,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      })),
      // Pass as `before` for the next page; null when this page is the last.
      nextBefore: rows.length === q.limit ? rows[rows.length - 1].id.toString() : null,
    });
  });

  router.post('/notifications/:id/read', requireUser, async (req, res) => {
    const id = String(req.params.id);
    if (!notificationId.test(id)) throw notFound('Notification');
    // Someone else's notice answers exactly like a missing one. Reading twice keeps the first time.
    const own = await prisma.notification.findFirst({ where: { id: BigInt(id), iin: req.user!.iin }, select: { readAt: true } });
    if (!own) throw notFound('Notification');
    if (!own.readAt) await prisma.notification.updateMany({ where: { id: BigInt(id), readAt: null }, data: { readAt: new Date() } });
    res.status(204).end();
  });

  return router;
}
