// The notices in a person's cabinet (001 ¶24): every notice sent to them by any process, newest
// first, and marking one as read. A person sees only their own.
import { Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../prisma/generated/client';
import { requireUser } from './auth';
import { notFound, parseOr400 } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { dateTimeString } from '../domain/contract';
import { json, noContent, operation } from './openapi-kit';

const listQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The id of the last notice of the previous page: the next page holds older ones. */
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'a notification id')
    .optional(),
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

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const notificationSchema = z
  .object({
    id: z.string().regex(/^\d+$/),
    subject: z.string().meta({ description: 'What it is about, e.g. a talon or an ERDR number.' }),
    kind: z.string().meta({ description: 'e.g. `report.accepted`.' }),
    title: z.string(),
    body: z.string(),
    channels: z.array(z.string()).meta({ description: 'Where it was sent: `cabinet`, `email`, `sms`.' }),
    createdAt: dateTimeString,
    readAt: dateTimeString.nullable(),
  })
  .meta({ id: 'Notification' });
const notificationPage = z
  .object({
    items: z.array(notificationSchema),
    nextBefore: z.string().nullable().meta({ description: 'Pass as `before` for the next page; null on the last page.' }),
  })
  .meta({ id: 'NotificationPage' });

export const notificationsPaths: ZodOpenApiPathsObject = {
  '/api/v1/notifications': {
    get: operation({
      operationId: 'listNotifications',
      tag: 'Notifications',
      summary: 'The notices in my cabinet',
      description: 'Every notice sent to the user by any process, newest first (001 ¶24), in pages.',
      access: 'user',
      requestParams: {
        query: z.object({
          unread: listQuery.shape.unread.meta({ description: '`true`: only notices not yet read.' }),
          limit: z.number().int().min(1).max(100).default(20).meta({ description: 'Page size.' }),
          before: listQuery.shape.before.meta({ description: '`nextBefore` of the previous page: the next page holds older notices.' }),
        }),
      },
      responses: { 200: json(notificationPage, 'A page of notices.') },
      errors: { 400: ['VALIDATION_FAILED'] },
    }),
  },
  '/api/v1/notifications/{id}/read': {
    post: operation({
      operationId: 'markNotificationRead',
      tag: 'Notifications',
      summary: 'Mark a notice read',
      description: 'Idempotent: reading twice keeps the first time. Someone else’s notice answers exactly like a missing one (404).',
      access: 'user',
      requestParams: { path: z.object({ id: z.string().regex(notificationId).meta({ description: 'The notice id.' }) }) },
      responses: { 204: noContent },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
};
